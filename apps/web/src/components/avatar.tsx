/** Saturated enough for white initials, distinct from each other and from the unread red. */
const COLOURS = ['#4f46e5', '#0e7490', '#047857', '#b45309', '#be185d', '#7c3aed', '#1d4ed8', '#9333ea'];

/** A round badge with a user's initials, its colour derived from the id so it is the same everywhere. */
export function Avatar({ userId, size = 32 }: { userId: string; size?: number }) {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 2_147_483_647;
  return (
    <span
      className="avatar"
      aria-hidden="true"
      style={{ width: size, height: size, fontSize: size * 0.42, background: COLOURS[hash % COLOURS.length] }}
    >
      {initials(userId)}
    </span>
  );
}

/** "grace-hopper" gives GH; "ada" and "ada-8f3c" give AD. */
function initials(userId: string): string {
  const [first = '', second = ''] = userId.split(/[\s._-]+/).filter(Boolean);
  const letters = /^\p{L}/u.test(second)
    ? [...first].slice(0, 1).join('') + [...second].slice(0, 1).join('')
    : [...first].slice(0, 2).join('');
  return letters.toUpperCase();
}
