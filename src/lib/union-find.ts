/** Disjoint sets over 0..n-1 (path halving; the smaller index becomes the root, so roots are stable). */
export class UnionFind {
  private readonly parent: number[] = [];

  constructor(n = 0) {
    for (let i = 0; i < n; i++) this.parent.push(i);
  }

  /** Adds one element and returns its index. */
  add(): number {
    this.parent.push(this.parent.length);
    return this.parent.length - 1;
  }

  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]];
      i = this.parent[i];
    }
    return i;
  }

  union(a: number, b: number): void {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}
