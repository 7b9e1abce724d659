/** Wall-clock deadline helper (the only impure thing the solvers touch: reading a monotonic clock). */
export class Deadline {
  readonly start: number;
  readonly end: number;

  constructor(seconds: number) {
    this.start = performance.now();
    this.end = this.start + seconds * 1000;
  }

  expired(): boolean {
    return performance.now() >= this.end;
  }

  /** Seconds elapsed since construction. */
  elapsed(): number {
    return (performance.now() - this.start) / 1000;
  }

  /** Seconds left (never negative). */
  remaining(): number {
    return Math.max(0, (this.end - performance.now()) / 1000);
  }
}
