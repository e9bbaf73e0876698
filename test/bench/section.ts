/** One measurement of `npm run bench`: a title and the lines it prints. run.ts lists them in order. */
export interface BenchSection {
  title: string;
  run(): Promise<string[]>;
}

/** The q-quantile of samples (nearest rank). */
export function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const ms = (value: number, digits = 2) => `${value.toFixed(digits)} ms`;
