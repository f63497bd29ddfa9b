/**
 * One domain error for the whole platform. Services throw `new AppError('module.reason')`;
 * the HTTP error handler maps the code to a status through `STATUS` below and nowhere else.
 */

/** Domain error codes and their HTTP status. Add a module's codes here, one line each. */
export const STATUS = {
  // generic
  'validation.failed': 400,
  'request.malformed_json': 400,
  'request.too_large': 413,
  'request.unsupported_media_type': 415,
  'request.rate_limited': 429,
  'request.too_deep': 400,
  'request.malformed_multipart': 400,
  'request.invalid_value': 400,
  'request.cross_origin': 403,
  'request.uri_too_long': 414,
  'request.headers_too_large': 431,
  'request.bad_url': 400,
  'request.bad': 400,
  'request.timeout': 408,
  'request.busy': 503,
  'not_found': 404,
  'conflict': 409,
  'internal': 500,
  // auth / identity
  'auth.unauthenticated': 401,
  'auth.session_changed': 401,
  'auth.invalid_credentials': 401,
  'auth.locked': 423,
  'auth.totp_required': 401,
  'auth.totp_invalid': 401,
  'auth.totp_setup_required': 403,
  'auth.password_expired': 403,
  'auth.sms_code_invalid': 401,
  'auth.pow_required': 401,
  'auth.session_required': 403,
  'access.forbidden': 403,
  'access.out_of_scope': 403,
  'identity.password_weak': 400,
  'identity.password_reused': 400,
  'identity.username_taken': 409,
  'identity.user_not_found': 404,
  'identity.admin_roles_conflict': 409,
  'identity.id_number_invalid': 400,
  'identity.credit_code_invalid': 400,
  'identity.phone_invalid': 400,
  'orgs.org_unit_not_found': 404,
  'orgs.division_not_found': 404,
  'access.role_not_found': 404,
  'access.post_not_found': 404,
  'auth.account_disabled': 403,
  'identity.phone_taken': 409,
  'identity.id_number_taken': 409,
  'identity.totp_already_enabled': 409,
  'identity.totp_not_set_up': 409,
  'identity.totp_code_invalid': 400,
  'access.role_exists': 409,
  'access.role_mixes_admin_kinds': 409,
  'access.self_grant_forbidden': 403,
  'access.post_exists': 409,
  // calendar
  'calendar.year_not_covered': 422,
  'calendar.invalid_date': 400,
  'calendar.override_not_found': 404,
  'calendar.year_empty': 422,
  // files
  'files.too_large': 413,
  'files.type_mismatch': 415,
  'files.type_not_allowed': 415,
  'files.not_found': 404,
  'files.archive_invalid': 400,
  'files.archive_too_large': 413,
  // audit
  'audit.chain_broken': 500,
  // notify
  'notify.channel_unavailable': 503,
  // documents
  'documents.not_found': 404,
  'documents.not_valid': 409,
  'documents.content_missing': 500,
  // geo
  'geo.file_invalid': 400,
  'geo.crs_required': 400,
  'geo.crs_unsupported': 422,
  'geo.transformation_required': 422,
  'geo.axis_order': 422,
  'geo.wrong_zone': 422,
  'geo.coordinates_implausible': 422,
  'geo.geometry_invalid': 422,
  'geo.geometry_unsupported': 422,
  'geo.empty': 422,
  'geo.too_complex': 413,
  'geo.layer_required': 400,
  // approvals
  'approvals.case_not_found': 404,
  'approvals.applicant_not_account': 400,
  'approvals.matter_not_found': 404,
  'approvals.matter_code_taken': 409,
  'approvals.matter_inactive': 409,
  'approvals.case_state_changed': 409,
  'approvals.case_not_acceptable': 409,
  'approvals.case_wrong_state': 409,
  'approvals.materials_incomplete': 422,
  'approvals.material_not_requested': 400,
  'approvals.supplement_incomplete': 400,
  'approvals.not_your_department': 403,
  'approvals.opinion_exists': 409,
  'approvals.clock_already_stopped': 409,
  'approvals.clock_not_stopped': 409,
  'approvals.extension_too_long': 422,
  'approvals.extension_not_found': 404,
  'approvals.extension_not_pending': 409,
  'approvals.warning_not_found': 404,
  'approvals.document_not_found': 404,
  'approvals.rating_not_allowed': 409,
  'approvals.rectification_not_found': 404,
  'approvals.rectification_wrong_state': 409,
  'approvals.rectification_state_changed': 409,
  'map.layer_not_found': 404,
  'map.feature_not_found': 404,
  'map.version_conflict': 409,
  'map.geometry_type_mismatch': 422,
  'map.redline_missing': 422,
  'map.overlay_too_large': 422,
  'map.crs_unsupported': 400,
  // tipoffs
  'tipoffs.report_not_found': 404,
  'tipoffs.report_state_changed': 409,
  'tipoffs.report_wrong_state': 409,
  'tipoffs.point_outside_china': 422,
  'tipoffs.division_not_found': 422,
  'tipoffs.no_bureau': 422,
  'tipoffs.county_not_found': 404,
  'tipoffs.close_needs_disposal': 409,
  'tipoffs.close_needs_evidence': 409,
  'tipoffs.close_needs_feedback': 409,
  'tipoffs.close_needs_assigning_level': 403,
  'tipoffs.duplicate_not_found': 404,
  'tipoffs.dispute_not_allowed': 409,
  'tipoffs.pow_invalid': 400,
  'tipoffs.pow_expired': 400,
  'tipoffs.pow_reused': 409,
  'tipoffs.tracking_not_found': 404,
  'tipoffs.idempotency_conflict': 409,
  'tipoffs.apikey_not_found': 404,
  'tipoffs.file_not_found': 404,
  // transparency
  'transparency.entry_not_found': 404,
  'transparency.entry_not_in_tree': 422,
  'transparency.entry_too_large': 422,
  'transparency.size_beyond_tree': 422,
  'transparency.checkpoint_not_found': 404,
  // selection
  'selection.agency_not_found': 404,
  'selection.draw_not_found': 404,
  'selection.draw_wrong_state': 409,
  'selection.pool_empty': 422,
  'selection.service_type_unknown': 400,
  'hazards.site_not_found': 404,
  'hazards.site_wrong_state': 409,
  'hazards.township_out_of_scope': 403,
  'hazards.device_not_found': 404,
  'hazards.datastream_not_found': 404,
  'hazards.alarm_not_found': 404,
  'hazards.observation_rejected': 422,
  'hazards.device_unauthorised': 401,
  'hazards.warning_not_found': 404,
  'hazards.warning_wrong_state': 409,
  'hazards.warning_not_cosigned': 409,
} as const;

export type ErrorCode = keyof typeof STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Extra facts for the client (e.g. `{ field: 'password' }` or `{ lockedUntil }`). Never secrets. */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message ?? code);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return STATUS[this.code];
  }
}

/** Shorthand for a validation error that names the field. */
export function invalid(field: string, message: string): AppError {
  return new AppError('validation.failed', `${field}: ${message}`, { field });
}
