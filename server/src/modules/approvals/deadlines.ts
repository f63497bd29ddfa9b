/**
 * Due dates in working days (行政许可法 art. 82): the limit counts from the day after the
 * start, clock stops (特殊环节, 补正 during review) are added back, approved extensions are
 * added. Pure given a calendar, so the case page can show exactly how the date came about.
 */
import type { ClockStopKind, WarnLevel } from './approvals.tables.ts';

/** The calendar functions used; the platform calendar service fits (its methods may be async). */
export interface WorkdayCalendar {
  addWorkdays(from: string, n: number): Promise<string> | string;
  workdaysBetween(a: string, b: string): Promise<number> | number;
  /** Whether a computed date may still move (its year not declared yet: 预计); absent = never. */
  isProvisional?(date: string): Promise<boolean> | boolean;
}

export interface StopInput { kind: ClockStopKind; reason: string; startedOn: string; endedOn: string | null }
export interface ExtensionInput { days: number; reason: string }

export interface DeadlineInput {
  /** Day the clock starts (受理日期, or a stage's start); not itself counted. */
  startOn: string;
  limitDays: number;
  stops: readonly StopInput[];
  extensions: readonly ExtensionInput[];
  /** Today in China Standard Time. */
  today: string;
  warnDays: number;
  warnRatio: number;
  /** A finished case or stage measures up to this day and gets no light. */
  endedOn?: string | null;
}

export type DeadlineStep =
  | { kind: 'start'; date: string; text: string }
  | { kind: 'limit'; days: number; text: string }
  | { kind: 'extension'; days: number; reason: string; text: string }
  | { kind: 'pause'; stopKind: ClockStopKind; from: string; to: string | null; days: number; reason: string; text: string }
  | { kind: 'due'; date: string; text: string };

export interface Deadline {
  dueDate: string;
  /** The due date lies in a year whose holiday notice is not known yet: computed from the 放假办法 and weekends (预计). */
  provisional: boolean;
  /** Limit plus extensions, in working days. */
  totalDays: number;
  pausedDays: number;
  /** Working days left until the due date (negative once overdue); at the end, what was left then. */
  remainingDays: number;
  usedDays: number;
  level: WarnLevel;
  steps: DeadlineStep[];
}

export const STOP_NAMES: Record<ClockStopKind, string> = {
  supplement: '补正材料', hearing: '听证', expert_review: '专家评审', public_notice: '公示',
  on_site_inspection: '现场勘查', other: '其他特殊环节',
};

export async function computeDeadline(cal: WorkdayCalendar, input: DeadlineInput): Promise<Deadline> {
  const asOf = input.endedOn ?? input.today;
  const steps: DeadlineStep[] = [
    { kind: 'start', date: input.startOn, text: `${input.startOn} 起算（当日不计入，次一工作日为第 1 天）` },
    { kind: 'limit', days: input.limitDays, text: `时限 ${input.limitDays} 个工作日` },
  ];
  let ext = 0;
  for (const e of input.extensions) {
    ext += e.days;
    steps.push({ kind: 'extension', days: e.days, reason: e.reason, text: `经批准延期 ${e.days} 个工作日：${e.reason}` });
  }
  let paused = 0;
  for (const s of input.stops) {
    // An open stop counts up to today: the due date moves on while the clock stands still.
    const to = s.endedOn ?? (asOf > s.startedOn ? asOf : s.startedOn);
    const days = Math.max(0, await cal.workdaysBetween(s.startedOn, to));
    paused += days;
    const until = s.endedOn ?? null;
    steps.push({
      kind: 'pause', stopKind: s.kind, from: s.startedOn, to: until, days, reason: s.reason,
      text: `${s.startedOn} 至 ${until ?? '今'} 暂停计时（${STOP_NAMES[s.kind]}）${days} 个工作日，不计入时限`,
    });
  }
  const totalDays = input.limitDays + ext;
  const dueDate = await cal.addWorkdays(input.startOn, totalDays + paused);
  const provisional = cal.isProvisional ? await cal.isProvisional(dueDate) : false;
  steps.push({ kind: 'due', date: dueDate, text: `应办结日期 ${dueDate}${provisional ? '（预计：该年度节假日安排尚未公布，按放假办法和周末推算）' : ''}` });
  const remainingDays = asOf <= dueDate ? await cal.workdaysBetween(asOf, dueDate) : -(await cal.workdaysBetween(dueDate, asOf));
  const usedDays = totalDays - remainingDays;
  let level: WarnLevel = 'green';
  if (input.endedOn) level = input.endedOn > dueDate ? 'red' : 'green';
  else if (asOf > dueDate) level = 'red';
  else if (remainingDays <= input.warnDays || usedDays >= input.warnRatio * totalDays) level = 'yellow';
  return { dueDate, provisional, totalDays, pausedDays: paused, remainingDays, usedDays, level, steps };
}

const CST = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The day of `d` in China Standard Time, YYYY-MM-DD. */
export function chinaDay(d: Date): string {
  return CST.format(d);
}
