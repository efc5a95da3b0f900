/** JSON typed by staff into a form: its value (`empty` for blank text), or why it is not JSON. */
export function parseJsonText(json: string, empty: unknown): { ok: true; value: unknown } | { ok: false; error: string } {
  if (json.trim() === '') return { ok: true, value: empty };
  try {
    return { ok: true, value: JSON.parse(json) as unknown };
  } catch (err) {
    return { ok: false, error: `Not valid JSON: ${(err as Error).message}` };
  }
}
