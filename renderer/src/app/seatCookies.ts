import { SEAT_COOKIES, type SeatLook } from '../../../shared/contract';

/** A year: a wall screen keeps its language between restarts. */
const KEEP_SECONDS = 365 * 24 * 3600;

/**
 * Mirrors the seat's language and theme into cookies, so that web mode's
 * server draws a wall's first paint in them (electron/web/first-paint.ts). The
 * seat's settings themselves stay in its localStorage.
 */
export function rememberSeatLook(look: SeatLook, page: Pick<Document, 'cookie'> = document): void {
  for (const key of ['locale', 'theme'] as const) {
    page.cookie = `${SEAT_COOKIES[key]}=${encodeURIComponent(look[key])}; path=/; max-age=${KEEP_SECONDS}; SameSite=Strict`;
  }
}
