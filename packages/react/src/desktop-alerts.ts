import type { Notification } from '@livebell/shared';

/**
 * Desktop alerts: `unsupported` (no Notification API), `off` (not asked for,
 * or turned off), `on`, or `denied` (the browser refuses; only its site
 * settings can change that).
 */
export type DesktopAlertsState = 'unsupported' | 'off' | 'on' | 'denied';

/** Remembered per user and browser (localStorage is shared by the origin's tabs). */
function storageKey(scope: string): string {
  return `livebell:desktop-alerts:${scope}`;
}

export function desktopAlertsState(scope: string): DesktopAlertsState {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  return Notification.permission === 'granted' && localStorage.getItem(storageKey(scope)) === 'on' ? 'on' : 'off';
}

/**
 * Turns alerts on. The browser's permission prompt appears here and only
 * here: after the user asked for alerts, never on page load.
 */
export async function enableDesktopAlerts(scope: string): Promise<DesktopAlertsState> {
  if (typeof Notification === 'undefined') return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission === 'granted') localStorage.setItem(storageKey(scope), 'on');
  return desktopAlertsState(scope);
}

export function disableDesktopAlerts(scope: string): DesktopAlertsState {
  localStorage.removeItem(storageKey(scope));
  return desktopAlertsState(scope);
}

/**
 * Shows one system notification. Its tag is the notification's id, so the
 * system replaces rather than repeats an alert for the same notification.
 * A click focuses this tab and hands the notification to `onClick`.
 */
export function showDesktopAlert(notification: Notification, onClick: () => void): void {
  let alert: globalThis.Notification;
  try {
    alert = new window.Notification(notification.title, {
      tag: notification.id,
      ...(notification.body === undefined ? {} : { body: notification.body }),
    });
  } catch {
    // Chrome on Android lets only service workers show notifications: no alert there.
    return;
  }
  alert.onclick = () => {
    window.focus();
    alert.close();
    onClick();
  };
}
