// The county boundaries of the demo city ship inside the build as a hashed asset (no internet,
// cached for a year), fetched only when a map is shown.
import countiesUrl from '../../../../../data/anqing/counties.geojson?url';

export interface BoundaryFeature {
  type: 'Feature';
  properties: { name: string; code: string };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
}
export interface BoundaryCollection {
  type: 'FeatureCollection';
  features: BoundaryFeature[];
}

/** The development zone has no boundary of its own; it lies within 宜秀区 (as in the demo seed). */
const BOUNDARY_OF: Record<string, string> = { '340871': '340811' };

let loading: Promise<BoundaryCollection> | null = null;

export function loadCountyBoundaries(): Promise<BoundaryCollection> {
  loading ??= fetch(countiesUrl).then((response) => {
    if (!response.ok) throw new Error(`county boundaries: HTTP ${response.status}`);
    return response.json() as Promise<BoundaryCollection>;
  });
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

/** The features to draw for an area: its own county when it lies in one, otherwise all of them. */
export function boundariesFor(all: BoundaryCollection, areaCode: string): BoundaryCollection {
  if (areaCode.length < 6) return all;
  const county = BOUNDARY_OF[areaCode.slice(0, 6)] ?? areaCode.slice(0, 6);
  const features = all.features.filter((f) => f.properties.code === county);
  return features.length ? { type: 'FeatureCollection', features } : all;
}

/** [minLon, minLat, maxLon, maxLat] of a collection. */
export function boundsOf(collection: BoundaryCollection): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === 'number') {
      const [lon, lat] = value as [number, number];
      box[0] = Math.min(box[0], lon);
      box[1] = Math.min(box[1], lat);
      box[2] = Math.max(box[2], lon);
      box[3] = Math.max(box[3], lat);
    } else if (Array.isArray(value)) value.forEach(visit);
  };
  for (const feature of collection.features) visit(feature.geometry.coordinates);
  return box;
}
