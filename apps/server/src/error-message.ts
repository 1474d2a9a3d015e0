/**
 * An error as one line for logs, health and command output: its message, and
 * the code a MongoDB (or system) error carries, which says more than the
 * message about what to do.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'number' || typeof code === 'string' ? `${error.message} (code ${code})` : error.message;
  }
  return String(error);
}
