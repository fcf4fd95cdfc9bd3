// Small statistics for the bench suite: medians and spreads of repeated runs, percentiles of
// latency samples, and a least-squares line for the lint cost against corpus size.

/** Middle value (mean of the two middle values for an even count); NaN for no values. */
export function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Nearest-rank percentile (p in 0..100), the definition latency budgets are usually written against. */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** { median, min, max } of a list of figures. */
export function spread(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/**
 * Least-squares line y = intercept + slope·x through the points, with R² and the largest relative
 * distance of a point from the line (how far from linear the measured cost is).
 */
export function linearFit(points) {
  const n = points.length;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const [x, y] of points) {
    sxx += (x - meanX) ** 2;
    sxy += (x - meanX) * (y - meanY);
    syy += (y - meanY) ** 2;
  }
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  const residual = points.reduce((sum, [x, y]) => sum + (y - (intercept + slope * x)) ** 2, 0);
  const worst = Math.max(...points.map(([x, y]) => Math.abs(y - (intercept + slope * x)) / y));
  return { slope, intercept, r2: syy === 0 ? 1 : 1 - residual / syy, worstDeviation: worst };
}

/** "1.04× (1.01–1.07)" */
export function formatRatio({ median: middle, min, max }) {
  return `${middle.toFixed(2)}× (${min.toFixed(2)}–${max.toFixed(2)})`;
}
