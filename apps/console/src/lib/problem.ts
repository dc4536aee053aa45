/** An RFC 9457 problem as the API answers it: `errors` names each field and the reason. */
export interface Problem {
  title: string;
  status: number;
  detail?: string;
  errors?: Array<{ field: string; reason: string }>;
}

/** Read whatever came back as an error into a problem the forms can show (field by field where the API names them). */
export function toProblem(error: unknown, status: number): Problem {
  if (error && typeof error === 'object') {
    const e = error as Record<string, unknown>;
    const errors = Array.isArray(e['errors'])
      ? (e['errors'] as unknown[])
          .filter((x): x is Record<string, unknown> => !!x && typeof x === 'object')
          .map((x) => ({ field: String(x['field'] ?? ''), reason: String(x['reason'] ?? x['message'] ?? '') }))
      : undefined;
    return {
      title: typeof e['title'] === 'string' ? e['title'] : typeof e['error'] === 'string' ? e['error'] : String(status),
      status: typeof e['status'] === 'number' ? e['status'] : status,
      ...(typeof e['detail'] === 'string' ? { detail: e['detail'] } : typeof e['error_description'] === 'string' ? { detail: e['error_description'] } : {}),
      ...(errors ? { errors } : {}),
    };
  }
  return { title: String(status), status };
}

/** The reason the API gave for one field, if any. */
export function fieldError(problem: Problem | null | undefined, field: string): string | undefined {
  return problem?.errors?.find((e) => e.field === field || e.field.startsWith(`${field}.`))?.reason;
}
