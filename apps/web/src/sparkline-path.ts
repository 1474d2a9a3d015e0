/**
 * The SVG path of a sparkline: `values` spread evenly over `width`, scaled so
 * that 0 is the bottom and the largest value (at least `floor`) the top. A
 * null value (nothing measured in that interval) breaks the line.
 */
export function sparklinePath(values: readonly (number | null)[], width: number, height: number, floor = 0): string {
  const top = Math.max(floor, ...values.map((value) => value ?? 0));
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  let path = '';
  let drawing = false;
  values.forEach((value, index) => {
    if (value === null) {
      drawing = false;
      return;
    }
    const x = index * step;
    const y = top > 0 ? height - (value / top) * height : height;
    path += `${drawing ? 'L' : 'M'}${round(x)} ${round(y)}`;
    drawing = true;
  });
  return path;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
