/**
 * GeoReport v2 (Open311), as CityGrid speaks it at `/open311/v2`: the field lists of the
 * specification's responses, in the specification's order (XML elements are written in it, and
 * clients such as FixMyStreet read them by these names).
 */
/** The exact field lists of the specification, for tests and for ordering XML elements. */
export const OPEN311_FIELDS = {
  service: ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'],
  request: [
    'service_request_id',
    'status',
    'status_notes',
    'service_name',
    'service_code',
    'description',
    'agency_responsible',
    'service_notice',
    'requested_datetime',
    'updated_datetime',
    'expected_datetime',
    'address',
    'address_id',
    'zipcode',
    'lat',
    'long',
    'media_url',
  ],
  created: ['service_request_id', 'service_notice', 'account_id'],
  /** `GET servicerequestupdates` (the GeoReport v2 updates extension FixMyStreet reads). */
  update: ['update_id', 'service_request_id', 'status', 'updated_datetime', 'description', 'media_url'],
  error: ['code', 'description'],
} as const;
