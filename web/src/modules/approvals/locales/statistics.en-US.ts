/** Approval statistics page (statistics/). */
export default {
  nav: 'Statistics',
  title: 'Approval statistics',
  groupBy: 'Group by',
  groups: { org: 'Org unit', matter: 'Matter', month: 'Month' },
  period: 'Period',
  query: 'Search',
  download: 'Export to Excel',
  total: 'Total',
  columns: {
    org: 'Org unit', matter: 'Matter', month: 'Month', received: 'Received', accepted: 'Accepted', completed: 'Completed', completionRate: 'Completion rate',
    onTimeRate: 'On time', earlyRate: 'Early', avgWorkdays: 'Average working days', savedDays: 'Working days saved', savedDaysPerCase: 'Saved per case',
    ratings: 'Ratings', badRatingRate: 'Bad-rating rate',
  },
  levels: { l5: 'Very satisfied', l4: 'Satisfied', l3: 'Fairly satisfied', l2: 'Dissatisfied', l1: 'Very dissatisfied' },
  hints: {
    completionRate: 'Completed ÷ accepted in the same period; above 100% when older cases are finished',
    onTime: 'Share of completed cases whose working days used (clock stops excluded) stay within the promised limit plus approved extensions',
    early: 'Share of completed cases that used fewer working days than the promised limit',
    saved: 'Sum over completed cases of the promised limit minus the working days used (0 for late cases)',
  },
  note: 'Each figure counts on the day of its event: received on submission, accepted on acceptance, completed on the decision, rated on the rating (follow-up ratings excluded).',
};
