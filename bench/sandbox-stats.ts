/**
 * A sandbox's request counters, read over HTTP (GET /sandbox/stats, POST /sandbox/stats/reset) from
 * a bench whose sandboxes run in another process.
 */

/** What all three sandboxes' GET /sandbox/stats answer (E-utilities has no byStatus). */
export interface SandboxStats {
  requests: number;
  byEndpoint: Record<string, number>;
  byStatus?: Record<string, number>;
  rateLimited: number;
  maxRequestsInAnySecond: number;
}

export interface StatsEndpoint {
  stats(): Promise<SandboxStats>;
  reset(): Promise<void>;
}

/** Reads one sandbox's counters, and zeroes them, at the origin of its API URL. */
export function statsEndpoint(apiUrl: string): StatsEndpoint {
  const origin = new URL(apiUrl).origin;
  return {
    async stats(): Promise<SandboxStats> {
      const response = await fetch(`${origin}/sandbox/stats`);
      if (!response.ok) throw new Error(`GET ${origin}/sandbox/stats answered ${response.status}`);
      return (await response.json()) as SandboxStats;
    },
    async reset(): Promise<void> {
      const response = await fetch(`${origin}/sandbox/stats/reset`, { method: "POST" });
      if (!response.ok) throw new Error(`POST ${origin}/sandbox/stats/reset answered ${response.status}`);
    },
  };
}
