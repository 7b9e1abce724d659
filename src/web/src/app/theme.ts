import type { ThemeConfig } from 'antd';

/**
 * Colours are chosen for contrast (WCAG AA at least, AAA in elder mode): Ant Design's default
 * secondary grey (#8c8c8c) and primary blue (#1677ff) are too light for small text on white.
 */
const base: ThemeConfig['token'] = {
  colorPrimary: '#1a5fb4',
  // Ant Design derives a lighter hover (#3a7cc2: white text only 4.3:1); hover and press go darker.
  colorPrimaryHover: '#164f96',
  colorPrimaryActive: '#123f78',
  colorLink: '#1a5fb4',
  colorLinkHover: '#164f96',
  colorSuccess: '#237804',
  colorError: '#c41d1d',
  colorWarning: '#ad4e00',
  colorInfo: '#1a5fb4',
  colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
  colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
  colorTextDescription: 'rgba(0, 0, 0, 0.65)',
  colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
  colorTextDisabled: 'rgba(0, 0, 0, 0.5)',
  colorTextQuaternary: 'rgba(0, 0, 0, 0.56)',
  // Preset tag text colours (step 7 of each palette) are too light on their tinted backgrounds.
  green7: '#135200',
  orange7: '#873800',
  blue7: '#003a8c',
  red7: '#a8071a',
  borderRadius: 6,
  fontFamily:
    '-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
};

/**
 * The theme for elder mode or not; `reducedMotion` (the system's prefers-reduced-motion, WCAG 2.3.3)
 * turns Ant Design's sliding, fading and zooming off. Charts never animate (each sets animation: false).
 */
export function themeFor(elderMode: boolean, reducedMotion = false): ThemeConfig {
  const motion = !reducedMotion;
  if (!elderMode) return { token: { ...base, motion, fontSize: 14, controlHeight: 36 } };
  return {
    token: {
      ...base,
      motion,
      colorPrimary: '#0b3f86',
      colorPrimaryHover: '#08306a',
      colorPrimaryActive: '#062552',
      colorLink: '#0b3f86',
      colorLinkHover: '#08306a',
      colorText: '#000000',
      colorTextHeading: '#000000',
      colorTextSecondary: 'rgba(0, 0, 0, 0.85)',
      colorTextTertiary: 'rgba(0, 0, 0, 0.8)',
      colorTextDescription: 'rgba(0, 0, 0, 0.82)',
      colorTextPlaceholder: 'rgba(0, 0, 0, 0.7)',
      colorBorder: '#595959',
      colorBorderSecondary: '#8c8c8c',
      fontSize: 18,
      fontSizeSM: 16,
      fontSizeLG: 20,
      fontSizeHeading1: 34,
      fontSizeHeading2: 28,
      fontSizeHeading3: 24,
      fontSizeHeading4: 21,
      fontSizeHeading5: 19,
      controlHeight: 48,
      controlHeightSM: 40,
      controlHeightLG: 56,
      lineWidthFocus: 4,
    },
  };
}
