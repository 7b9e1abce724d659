import type { FacilityKind, FacilityStatus } from '../../api/facilities.ts';
import type { Tone } from '../../shared/ColorTag.tsx';

/** One colour per kind: distinct, and dark enough to read on the pale map (≥ 3:1 against #eef3fa). */
export const KIND_COLOURS: Record<FacilityKind, string> = {
  comprehensive: '#1a5fb4',
  elderlyDayCare: '#a0360c',
  childrenHome: '#7a2e8e',
  healthStation: '#b3122e',
  cultureSports: '#237804',
  serviceWindow: '#00696b',
  infoPoint: '#6b5200',
  other: '#4a4a4a',
};

/** One shape per status; a closed facility is hollow. */
export const STATUS_SYMBOLS: Record<FacilityStatus, string> = {
  operating: 'circle',
  underConstruction: 'diamond',
  planned: 'triangle',
  closed: 'emptyCircle',
};
/** The same shapes as text, for the legend. */
export const STATUS_GLYPHS: Record<FacilityStatus, string> = {
  operating: '●',
  underConstruction: '◆',
  planned: '▲',
  closed: '○',
};

export const STATUS_TONE: Record<FacilityStatus, Tone> = {
  planned: 'orange',
  underConstruction: 'blue',
  operating: 'green',
  closed: 'red',
};
