/** The livebell mark and name. */
export function Brand() {
  return (
    <span className="brand">
      <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="9" fill="currentColor" />
        <g fill="none" stroke="#fff" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M10.5 13a5.5 5.5 0 0 1 11 0c0 6 2.5 7.5 2.5 7.5H8s2.5-1.5 2.5-7.5" />
          <path d="M14.3 24a2 2 0 0 0 3.4 0" />
        </g>
        <circle cx="22.5" cy="9.5" r="3.5" fill="#f43f5e" stroke="currentColor" strokeWidth="1.5" />
      </svg>
      <span className="brand-name">livebell</span>
    </span>
  );
}
