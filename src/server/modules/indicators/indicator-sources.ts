import type { Db } from '../../db/database.ts';
import type { IndicatorCode } from '../../../contracts/indicators.ts';

/** The stretch of time a snapshot reads: [from, to) as dates, and the day its state is read at. */
export interface SourceWindow {
  /** First day of the period (YYYY-MM-DD). */
  from: string;
  /** The day after `asOf` (exclusive end). */
  to: string;
  /** The period's last day, or today while it is open. */
  asOf: string;
}

/** Per community (12-digit code): what a module counted. Communities absent count 0. */
export type CommunityCounts = ReadonlyMap<string, number>;

/**
 * How an indicator fed by a service-side module (people who serve, services, care, linkage,
 * market) is built per community, then rolled up the tree urban and rural apart:
 * - `communities`: numerator ÷ number of communities (presence shares, organizations per community);
 * - `population`: numerator ÷ resident population (per 10,000 figures; the urban split of it is
 *   "per 10,000 urban residents");
 * - `counted`: the source gives its own denominator per community (on-time share, mean rating).
 */
export type IndicatorSource =
  | { denominator: 'communities' | 'population'; load: (db: Db, window: SourceWindow) => Promise<CommunityCounts> }
  | { denominator: 'counted'; load: (db: Db, window: SourceWindow) => Promise<{ numerator: CommunityCounts; denominator: CommunityCounts }> };

export type IndicatorSources = Partial<Record<IndicatorCode, IndicatorSource>>;
