/**
 * The text of a caught value, for reasons and error lists: an Error's message, anything else as
 * a string (a throw can carry any value, even one that cannot be turned into a string).
 */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  try {
    return String(err);
  } catch {
    return typeof err;
  }
}
