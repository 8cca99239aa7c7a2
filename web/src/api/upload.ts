import { currentCsrfToken } from './client';
import { networkProblem, problemFrom } from './problem';

/**
 * A file sent as the raw body of a POST with upload progress (fetch cannot report it): same origin,
 * the session cookie and the CSRF token, the answer parsed as JSON; a refusal becomes the
 * ProblemError `call()` would throw.
 */
export function uploadFile<T>(url: string, file: Blob, contentType: string, onProgress: (sent: number, total: number) => void): { done: Promise<T>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<T>((resolve, reject) => {
    xhr.open('POST', url);
    xhr.setRequestHeader('content-type', contentType);
    xhr.setRequestHeader('accept', 'application/json');
    const csrf = currentCsrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(problemFrom(new Response(null, { status: xhr.status, statusText: xhr.statusText }), body));
    };
    xhr.onerror = () => reject(networkProblem(new Error('the upload was interrupted')));
    xhr.onabort = () => reject(networkProblem(new Error('the upload was cancelled')));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
