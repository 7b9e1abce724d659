/** Thrown for any invalid input to the siting engine; `field` names the offending input field. */
export class SitingInputError extends Error {
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'SitingInputError';
    this.field = field;
  }
}
