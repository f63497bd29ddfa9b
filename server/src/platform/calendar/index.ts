export { createCalendarService, type CalendarService, type OverrideInput } from './calendar.service.ts';
export { createWorkCalendar, loadOfficialData, parseDate, formatDueDate, provisionalHolidays, type WorkCalendar, type DayInfo, type DayKind } from './work-calendar.ts';
export { calendarRoutes } from './calendar.routes.ts';
