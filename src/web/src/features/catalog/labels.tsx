import { useTranslation } from 'react-i18next';
import type { ServiceChannel } from '../../api/catalog.ts';

/** An item's name in the user's language (Simplified Chinese when the catalog has no other). */
export function useItemName(): (item: { name: string; nameZhTw: string | null; nameEn: string | null }) => string {
  const { i18n } = useTranslation();
  return (item) => (i18n.language === 'zh-TW' && item.nameZhTw) || (i18n.language === 'en' && item.nameEn) || item.name;
}

/** A form field's or option's label in the user's language. */
export function useLabel(): (thing: { label: string; labelZhTw?: string | null; labelEn?: string | null }) => string {
  const { i18n } = useTranslation();
  return (thing) => (i18n.language === 'zh-TW' && thing.labelZhTw) || (i18n.language === 'en' && thing.labelEn) || thing.label;
}

export function ChannelList({ channels }: { channels: readonly ServiceChannel[] }) {
  const { t } = useTranslation();
  return <span>{channels.map((c) => t(`catalog.channel.${c}`)).join(' · ')}</span>;
}
