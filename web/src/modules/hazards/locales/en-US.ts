/** English strings of the geological hazards module; the same keys as zh-CN.ts. */
const enUS = {
  nav: { group: 'Geological hazards', sites: 'Hazard sites', monitoring: 'Monitoring & alarms', warnings: 'Risk warnings' },
  types: { landslide: 'Landslide', collapse: 'Rock fall', debris_flow: 'Debris flow', ground_collapse: 'Ground collapse', ground_fissure: 'Ground fissure', ground_subsidence: 'Subsidence', unstable_slope: 'Unstable slope' },
  scales: { small: 'Small', medium: 'Medium', large: 'Large', huge: 'Very large' },
  stabilities: { stable: 'Stable', basically_stable: 'Mostly stable', unstable: 'Unstable' },
  risks: { low: 'Low', medium: 'Medium', high: 'High', very_high: 'Very high' },
  roles: { monitor: 'Monitor', village: 'Village responsible', township: 'Township responsible' },
  statuses: { registered: 'Registered', cancelled: 'Cancelled' },
  levels: { '1': 'Level 1 (red)', '2': 'Level 2 (orange)', '3': 'Level 3 (yellow)', '4': 'Level 4 (blue)' },
  sites: {
    title: 'Register of geological hazard sites', siteNo: 'No.', name: 'Name', type: 'Type', township: 'Township', scale: 'Scale', stability: 'Stability', threatened: 'Households / people',
    risk: 'Risk level', status: 'Status', open: 'Details', location: 'Location', coordinates: 'Coordinates', property: 'Property threatened (10k CNY)', measures: 'Measures',
    route: 'Evacuation route', shelter: 'Shelter', signal: 'Warning signal', roster: 'Monitoring roster', households: 'Threatened households', history: 'History', phone: 'Phone',
    head: 'Head of household', members: 'Members', address: 'Address', version: 'Version', change: 'Change', fields: 'Fields changed', at: 'When',
    cards: 'Cards and plan', workCard: 'Work card', plan: 'Defence plan', avoidCard: 'Evacuation card', changes: { registered: 'Registered', updated: 'Changed', cancelled: 'Cancelled', restored: 'Restored' },
    map: 'Open map', noData: 'No hazard sites', role: 'Duty',
  },
  monitoring: {
    title: 'Monitoring and alarms', datastreams: 'Datastreams', device: 'Device', stream: 'Datastream', last: 'Latest', lastTime: 'Latest at', thresholds: 'Thresholds (blue/yellow/orange/red)',
    chart: 'Last 48 hours', alarms: 'Alarms', site: 'Site', metric: 'Metric', severity: 'Level', value: 'Value', raisedAt: 'Raised at', ack: 'Acknowledge', acked: 'Acknowledged',
    active: 'Active', cleared: 'Cleared', acknowledged: 'Alarm acknowledged', metrics: { value: 'Value', sum_1h: '1-hour total', sum_24h: '24-hour total', rate_24h: '24-hour change' },
    chartLabel: '{{name}}, observations of the last 48 hours, maximum {{max}} {{unit}}',
  },
  warnings: {
    title: 'Geological hazard meteorological risk warnings', draft: 'Draft', headline: 'Headline', level: 'Level', area: 'Area', areaDesc: 'Area description', townships: 'Township codes (comma separated)',
    validFrom: 'Valid from', validTo: 'Valid to', advice: 'Advice', drill: 'Drill', cosignOrg: 'Co-signing organisation', submit: 'Save draft', status: 'Status',
    statuses: { draft: 'Draft', cosigned: 'Co-signed', published: 'Published', cancelled: 'Cancelled' }, cosign: 'Co-sign', publish: 'Publish', board: 'Acknowledgements',
    drafted: 'Draft saved; awaiting the weather bureau\'s co-signature', cosigned: 'Co-signed', published: 'Published; {{n}} people notified', total: 'Recipients', acknowledged: 'Acknowledged',
    recipient: 'Person', sentAt: 'Sent', ackedAt: 'Acknowledged at', pending: 'Not yet', escalated: 'Escalated (step {{step}})', cap: 'CAP file', validity: 'Valid',
  },
  public: {
    title: 'Geological hazard risk warnings', intro: 'Warnings of level 3 (yellow) and above are published here and as CAP 1.2 (feed /cap/feed.atom) for emergency broadcast systems.',
    none: 'No warning is in force.', feed: 'CAP feed', ackTitle: 'Acknowledge a warning', acking: 'Acknowledging…', acked: 'Acknowledged: {{site}} (warning {{no}})', already: 'Already acknowledged: {{site}} (warning {{no}})',
  },
};
export default enUS;
