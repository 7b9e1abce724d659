import { useCallback, useRef, useState } from 'react';
import { newIdempotencyKey, requestsApi, type NewServiceRequest, type ServiceRequestDetail } from '../../api/requests.ts';
import { shrinkPhoto, type Photos } from './MaterialsChecklist.tsx';

export interface Submission {
  /** The request once filed (a retry after this uploads only what is left). */
  created: ServiceRequestDetail | null;
  busy: boolean;
  error: unknown;
  /** Photos uploaded out of all chosen, while uploading. */
  progress: { done: number; total: number } | null;
  /** Photos that did not go up (the request exists: retry sends only these). */
  failed: { material: string; file: File }[];
  submit: (input: NewServiceRequest, photos: Photos) => Promise<ServiceRequestDetail | null>;
  retryUploads: () => Promise<ServiceRequestDetail | null>;
}

/**
 * Files a request once, whatever the network does: each attempt carries an Idempotency-Key, and
 * the same body sent again (a retry after a timeout, a double tap) carries the same key, so the
 * server answers with the request it already made instead of making a second one. A changed body
 * is a new attempt with a new key. Photos go up after the request exists; those that fail are
 * kept for a retry that sends only them.
 */
export function useSubmission(): Submission {
  const attempt = useRef<{ key: string; body: string } | null>(null);
  const [created, setCreated] = useState<ServiceRequestDetail | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [failed, setFailed] = useState<{ material: string; file: File }[]>([]);

  const upload = useCallback(async (request: ServiceRequestDetail, queue: { material: string; file: File }[]) => {
    const left: { material: string; file: File }[] = [];
    let firstError: unknown = null;
    let latest = request;
    setProgress({ done: 0, total: queue.length });
    for (const [index, entry] of queue.entries()) {
      try {
        latest = await requestsApi.upload(request.id, await shrinkPhoto(entry.file), entry.material);
      } catch (failure) {
        left.push(entry);
        firstError ??= failure;
      }
      setProgress({ done: index + 1, total: queue.length });
    }
    setProgress(null);
    setFailed(left);
    if (firstError) {
      setError(firstError);
      return null;
    }
    // Each upload answers the request as it stands: the last one shows every photo.
    return latest;
  }, []);

  const submit = useCallback(
    async (input: NewServiceRequest, photos: Photos) => {
      setBusy(true);
      setError(null);
      try {
        const body = JSON.stringify(input);
        if (!attempt.current || attempt.current.body !== body) attempt.current = { key: newIdempotencyKey(), body };
        const request = await requestsApi.file(input, attempt.current.key);
        // Filed: the attempt is over; the same body sent later on purpose is a new request.
        attempt.current = null;
        setCreated(request);
        const queue = Object.entries(photos).flatMap(([material, files]) => files.map((file) => ({ material, file })));
        return queue.length ? await upload(request, queue) : request;
      } catch (failure) {
        setError(failure);
        return null;
      } finally {
        setBusy(false);
      }
    },
    [upload],
  );

  const retryUploads = useCallback(async () => {
    if (!created) return null;
    setBusy(true);
    setError(null);
    try {
      return await upload(created, failed);
    } catch (failure) {
      setError(failure);
      return null;
    } finally {
      setBusy(false);
    }
  }, [created, failed, upload]);

  return { created, busy, error, progress, failed, submit, retryUploads };
}
