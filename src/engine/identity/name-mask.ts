/** A person's name as shown to someone who may not read it whole: 张三 → 张*; a name of one character stays. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? name : chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
}
