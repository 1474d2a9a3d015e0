import { sparklinePath } from '../sparkline-path.js';

const WIDTH = 240;
const HEIGHT = 48;

/** A small line chart of the last minutes; its accessible name says what it shows and over how long. */
export function Sparkline({
  values,
  label,
  floor,
}: {
  values: readonly (number | null)[];
  label: string;
  floor?: number;
}) {
  return (
    <svg
      className="sparkline"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
    >
      <path d={sparklinePath(values, WIDTH, HEIGHT, floor)} vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
