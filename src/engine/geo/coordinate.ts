/** Whether a longitude/latitude pair (degrees) is a place on Earth. */
export function isValidCoordinate(lon: number, lat: number): boolean {
  return lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90;
}
