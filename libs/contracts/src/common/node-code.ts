/**
 * A node code (GB/T 2260 and its extensions): 6 digits for a city or district, 9 for a
 * subdistrict, 12 for a community, then 2 more per grid level (14, 16).
 */
export const NODE_CODE_PATTERN = /^\d{6}(\d{3}(\d{3}(\d{2}(\d{2})?)?)?)?$/;
