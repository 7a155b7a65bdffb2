import {
  BenchmarkCriteriaError,
  loadBenchmarkCriteria,
  type BenchmarkCriteria,
} from "../../benchmarks/criteria.ts";
import type { Services } from "../../services/context.ts";
import { UserError } from "../../errors.ts";

/**
 * The promotion criteria the pages check against. A file that cannot be read is said so plainly,
 * without its path or parser's detail, which are for faculty affairs (`benchmarks check` shows them).
 */
export function pageCriteria(services: Services): BenchmarkCriteria {
  try {
    return loadBenchmarkCriteria(services.config.BENCHMARKS_PATH);
  } catch (error) {
    if (!(error instanceof BenchmarkCriteriaError)) throw error;
    services.logger.error({ err: error }, "the promotion criteria file cannot be read");
    throw new UserError("The promotion criteria file cannot be read; faculty affairs can fix it.");
  }
}
