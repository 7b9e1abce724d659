import type { Tone } from '../../shared/ColorTag.tsx';
import type { InfoPointStatus } from './info-points-api.ts';

/** A point's status as a tag's tone: operating green, preparing blue, suspended orange, closed red. */
export const STATUS_TONE: Record<InfoPointStatus, Tone> = { preparing: 'blue', operating: 'green', suspended: 'orange', closed: 'red' };
