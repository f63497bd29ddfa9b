/** English strings of the patches module. Same keys as zh-CN.ts. */
import type zhCN from './zh-CN.ts';
import type { Messages } from '../../../app/locales/messages.ts';

const enUS: Messages<typeof zhCN> = {
  tabs: { batches: 'Monitoring batches', patches: 'Patch checks', figures: 'Figures and accountability' },
  batches: {
    title: 'Monitoring batches', new: 'New batch and import', batchNo: 'Batch no.', name: 'Batch name', source: 'Source', phases: 'Earlier → later image', deadline: 'County deadline',
    status: 'Status', progress: 'Accepted', counties: 'Counties', submitted: '{{n}} patches submitted', submit: 'Submit', beforeDate: 'Earlier image date', afterDate: 'Later image date',
    area: 'Area covered', imageryBefore: 'Earlier imagery (XYZ/WMTS URL template)', imageryAfter: 'Later imagery (XYZ/WMTS URL template)', imageryHint: 'E.g. Tianditu or the bureau\'s own imagery server; write {z}/{x}/{y} for the tile indices.',
  },
  source: { ministry: 'Ministry', province: 'Provincial monitoring', self: 'Own monitoring' },
  batchStatus: { draft: 'To import', open: 'Being checked', closed: 'Closed' },
  countyStatus: { open: 'Being checked', submitted: 'Submitted', accepted: 'Accepted' },
  status: { pending: 'To check', proposed: 'Verdict given', submitted: 'Submitted', returned: 'Returned', accepted: 'Accepted (locked)' },
  list: {
    title: 'Patches', batch: 'Batch', status: 'Status', tbbh: 'Patch no.', division: 'Division', area: 'Area (m²)', suggested: 'Pre-check class', verdict: 'Verdict',
    field: 'Field check', fieldDone: 'Checked', changeType: 'Change type',
  },
  detail: {
    title: 'Patch', saved: 'Saved', class: 'Verdict class', approvalNo: 'Approval no.', croplandM2: 'Cropland occupied (m²)', basicFarmlandM2: 'Basic farmland occupied (m²)',
    reason: 'Reason', changeReason: 'Reason for the change', change: 'Change verdict', propose: 'Give verdict', stated: 'stated', precheck: 'Pre-check', planZones: 'Plan zones',
    noApprovals: 'No approval, supply, temporary-land or facility-agriculture record matched', layer: 'Layer', share: 'Matched share', field: 'Field check', inspector: 'Inspector', findings: 'Findings',
    photos: 'Photos', photo: 'Photo {{n}}', far: '{{m}} m from the patch', exif: 'EXIF: taken {{time}} at {{position}}, {{m}} m from the patch', noExif: 'No EXIF in the photo', early: 'Taken before the later image date {{date}}', noField: 'No field record yet', verdict: 'Verdict and review', reviewComment: 'Review comment',
    awaitingEnforcement: 'Illegal patch awaiting hand-over to enforcement', handOver: 'Hand to enforcement', caseNo: 'Handed to enforcement: {{caseNo}}', commentHint: 'A return needs a comment',
    tipoffs: 'Linked tip-offs', noTipoffs: 'No tip-off linked', tipoffNo: 'Tip-off no.', link: 'Link',
    accept: 'Accept', return: 'Return', changeTitle: 'Change the locked verdict (reason required, audited)', rectification: 'Rectification', rectifyAs: 'Outcome', rectify: 'Record rectification',
  },
  layers: { approved_land: 'Approved construction land', supplied_land: 'Supplied land', temporary_land: 'Temporary land', facility_agri: 'Facility agricultural land' },
  fieldForm: { landUse: 'What is there', builder: 'Builder', startDate: 'Start date', occupiesCropland: 'Occupies cropland', croplandM2: 'Cropland occupied', approvalNo: 'Approval shown on site', note: 'Notes' },
  rectification: { none: 'None needed', pending: 'Being rectified', demolished: 'Demolished, land restored', confiscated: 'Confiscated', legalised: 'Legalised' },
  imagery: {
    none: 'This batch names no before/after imagery.', side: 'Side by side', swipe: 'Swipe', synthetic: 'Synthetic imagery (demo, drawn from the land-use map)',
    before: 'Earlier {{date}}', after: 'Later {{date}}', swipeHint: 'Left: earlier image ({{before}}); right: later image ({{after}}). Drag the slider to compare.',
  },
  import: {
    title: 'New monitoring batch and patch import', stepBatch: 'Batch', stepFile: 'File', stepCheck: 'Dry run', stepDone: 'Done', create: 'Create batch', batchCreated: 'Batch {{batchNo}} created: choose the patch file (zipped Shapefile or GeoJSON).',
    choose: 'Choose file', dryRun: 'Dry run (writes nothing)', skipDuplicates: 'Leave duplicates out', apply: 'Import', progress: 'Progress',
    summary: '{{total}} patches: {{valid}} to import, {{invalid}} invalid geometries, {{outside}} outside every county, {{duplicates}} duplicates of earlier batches',
    county: 'County', count: 'Patches', invalid: 'Invalid geometries', outside: 'Outside every county', duplicates: 'Duplicates of earlier batches',
    duplicateOf: '{{tbbh}} duplicates {{earlier}} of batch {{batchNo}}', applied: '{{n}} patches imported and pre-checked', close: 'Done',
    uploading: 'Uploading the file…',
    phase: { parsing: 'Reading the file…', validating: 'Checking: {{validated}} / {{total}}', inserting: 'Pre-checking and saving: {{inserted}} / {{total}}', done: 'Done', failed: 'Failed' },
  },
  figures: {
    title: 'Illegally occupied cropland ratio (per county and year)', year: 'Year', export: 'Export Excel',
    lineHint: 'Art. 3 of the disciplinary rules on land-management violations: where illegally occupied cropland reaches 15 % of the cropland occupied by new construction land in a year, the leaders of the local government are disciplined.',
    interview: 'At or above 15 %, listed for interview and accountability: {{names}}', county: 'County', illegal: 'Illegally occupied cropland (m²)', newConstruction: 'Cropland of new construction land (m²)',
    ratio: 'Ratio', line: '15 % line', atOrAbove: 'At or above: interview', below: 'Below', rectification: 'Rectified / illegal patches', completion: 'Batch completion by the deadline',
    verdicts: 'With verdict', accepted: 'Accepted', onTime: 'Submitted on time', notSubmitted: 'Not submitted', yes: 'On time', late: 'Late',
  },
  todos: {
    overdue: 'Patches past the deadline without verdict', verdict: 'Patches to check and judge', returned: 'Returned patches to judge again', review: 'Patches to review',
    enforcement: 'Illegal patches awaiting enforcement', rectification: 'Illegal patches being rectified',
  },
};

export default enUS;
