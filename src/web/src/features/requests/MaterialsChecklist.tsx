import { Button, Checkbox, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MaterialLine, ServiceMaterial } from '../../api/requests.ts';

export type Photos = Record<string, File[]>;

/**
 * Photos of a material as a phone takes them are often 3–8 MB; a village's mobile data is slow.
 * Large JPEG/PNG photos are redrawn at most 2000 px on their long side as JPEG before the upload
 * (the server still sniffs and checks what arrives); anything else, or a failure, goes as it is.
 */
export async function shrinkPhoto(file: File): Promise<File> {
  if (file.size < 1_500_000 || !/^image\/(jpeg|png|webp)$/.test(file.type) || typeof createImageBitmap !== 'function') return file;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, 2000 / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    if (!blob || blob.size >= file.size) return file;
    return new File([blob], file.name.replace(/\.[^.]*$/, '') + '.jpg', { type: 'image/jpeg' });
  } catch {
    return file;
  }
}

/**
 * The item's materials: what each is (original or copy, how many, required or only where it
 * applies), a button that opens the phone's camera to photograph it, and — at a window — a tick
 * for the paper handed in.
 */
export function MaterialsChecklist({
  materials,
  photos,
  onPhotos,
  received,
  onReceived,
  existing,
}: {
  materials: readonly ServiceMaterial[];
  photos: Photos;
  onPhotos: (photos: Photos) => void;
  /** Window and handler: which materials were handed in. */
  received?: Record<string, boolean>;
  onReceived?: (received: Record<string, boolean>) => void;
  /** What the request already holds (a supplement adds to it). */
  existing?: readonly MaterialLine[];
}) {
  const { t } = useTranslation();
  return (
    <ul className="plain-list request-materials" aria-label={t('requests.apply.materials')} data-testid="request-materials">
      {materials.map((m) => {
        const chosen = photos[m.key] ?? [];
        const held = existing?.find((line) => line.material === m.key);
        const inputId = `photo-${m.key}`;
        return (
          <li key={m.key} className="request-material" data-testid={`material-${m.key}`}>
            <div className="request-material-name">
              {received && onReceived ? (
                <span data-testid={`material-received-${m.key}`}>
                  <Checkbox checked={received[m.key] ?? false} onChange={(e) => onReceived({ ...received, [m.key]: e.target.checked })}>
                    {m.name}
                  </Checkbox>
                </span>
              ) : (
                <span>{m.name}</span>
              )}
              {m.required ? <Tag>{t('requests.apply.required')}</Tag> : <span className="request-muted">{t('requests.apply.optional')}</span>}
            </div>
            <div className="request-muted">
              {t('requests.apply.materialCount', { form: t(`requests.materialForm.${m.form}`), count: m.count })}
              {held && held.attachmentIds.length > 0 && <> · {t('requests.detail.attachments', { count: held.attachmentIds.length })}</>}
              {held?.received && <> · {t('requests.detail.received')}</>}
            </div>
            <div className="request-photo-row">
              <label className="request-photo-button" htmlFor={inputId}>
                <span aria-hidden="true">📷 </span>
                {t('requests.apply.takePhoto')}
                <span className="visually-hidden"> — {m.name}</span>
              </label>
              <input
                id={inputId}
                className="visually-hidden"
                type="file"
                accept="image/*"
                capture="environment"
                multiple
                data-testid={`photo-input-${m.key}`}
                onChange={(e) => {
                  const files = Array.from(e.target.files ?? []);
                  e.target.value = '';
                  if (files.length) onPhotos({ ...photos, [m.key]: [...chosen, ...files] });
                }}
              />
              {chosen.length > 0 && <span data-testid={`photo-count-${m.key}`}>{t('requests.apply.photoCount', { count: chosen.length })}</span>}
            </div>
            {chosen.length > 0 && (
              <ul className="plain-list request-photo-list">
                {chosen.map((file, index) => (
                  <li key={`${file.name}-${index}`}>
                    <span className="request-file-name">{file.name}</span>
                    <Button
                      size="small"
                      type="link"
                      onClick={() => onPhotos({ ...photos, [m.key]: chosen.filter((_, i) => i !== index) })}
                      aria-label={t('requests.apply.removePhoto', { name: file.name })}
                    >
                      ✕
                    </Button>
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ul>
  );
}
