import { useRef, useState } from 'react';
import { Button, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../shared/ErrorAlert.tsx';
import { CARE_LIMITS, careApi, VISIT_PHOTO_ACCEPT, type Visit } from './care-api.ts';

/**
 * A visit's photos on the case timeline: thumbnails loaded only when scrolled near (each read of a
 * photo is audited by the server), each a button that opens the photo large; and, for whoever may
 * record visits, a button that adds one (sent after the visit, as the offline form does).
 */
export function VisitPhotos({ caseId, visit, canAdd, onAdded }: { caseId: string; visit: Visit; canAdd: boolean; onAdded: (visit: Visit) => void }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const input = useRef<HTMLInputElement>(null);
  const count = visit.photos.length;
  const alt = (i: number) => t('care.photos.alt', { n: i + 1, count, date: visit.visitedOn, mode: t(`care.modes.${visit.mode}`) });
  const add = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      onAdded(await careApi.addVisitPhoto(caseId, visit.id, file));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  if (count === 0 && !canAdd) return null;
  const shown = opened === null ? undefined : visit.photos[opened];
  return (
    <div className="care-visit-photos" data-testid="care-visit-photos">
      {count > 0 && (
        <ul className="care-photo-list" aria-label={t('care.photos.list', { count, date: visit.visitedOn })}>
          {visit.photos.map((sha256, i) => (
            <li key={sha256}>
              <button type="button" className="care-photo-thumb" onClick={() => setOpened(i)} aria-label={t('care.photos.open', { photo: alt(i) })} data-testid="care-visit-photo">
                <img src={careApi.visitPhotoUrl(caseId, visit.id, sha256)} alt={alt(i)} loading="lazy" decoding="async" width={72} height={72} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {canAdd && count < CARE_LIMITS.photosMax && (
        <>
          <Button size="small" loading={busy} onClick={() => input.current?.click()} data-testid="care-visit-photo-add">
            {t('care.photos.add')}
          </Button>
          <input ref={input} type="file" accept={VISIT_PHOTO_ACCEPT} style={{ display: 'none' }} tabIndex={-1} aria-hidden onChange={(e) => void add(e.target.files?.[0])} data-testid="care-visit-photo-input" />
        </>
      )}
      {error !== null && <ErrorAlert error={error} />}
      <Modal open={shown !== undefined} onCancel={() => setOpened(null)} footer={null} title={opened === null ? '' : alt(opened)} width={720} centered destroyOnHidden>
        {shown && <img className="care-photo-large" src={careApi.visitPhotoUrl(caseId, visit.id, shown)} alt={alt(opened!)} data-testid="care-visit-photo-large" />}
      </Modal>
    </div>
  );
}
