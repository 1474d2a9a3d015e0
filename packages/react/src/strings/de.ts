import type { LivebellStrings } from './livebell-strings.js';

/** German. */
export const de: LivebellStrings = {
  bellLabel: (count) =>
    count === null
      ? 'Benachrichtigungen'
      : count === 0
        ? 'Benachrichtigungen, keine ungelesen'
        : `Benachrichtigungen, ${count} ungelesen`,
  panelTitle: 'Benachrichtigungen',
  unreadPill: (count) => `${count} ungelesen`,
  markAllRead: 'Alle als gelesen markieren',
  listLabel: 'Benachrichtigungen, neueste zuerst',
  loadingList: 'Benachrichtigungen werden geladen',
  loadFailed: 'Deine Benachrichtigungen konnten nicht geladen werden',
  retry: 'Erneut versuchen',
  emptyTitle: 'Du bist auf dem neuesten Stand',
  emptyText: 'Neue Benachrichtigungen erscheinen hier, sobald sie gesendet werden.',
  loadMore: 'Ältere Benachrichtigungen laden',
  loadingMore: 'Wird geladen…',
  endOfList: 'Das ist alles',
  unreadPrefix: 'Ungelesen: ',
  markAs: (title, read) => `„${title}“ als ${read ? 'gelesen' : 'ungelesen'} markieren`,
  markAsHint: (read) => (read ? 'Als gelesen markieren' : 'Als ungelesen markieren'),
  removeLabel: (title) => `„${title}“ entfernen`,
  removeHint: 'Entfernen',
  views: { inbox: 'Posteingang', unread: 'Ungelesen', archived: 'Archiv' },
  viewsLabel: 'Ansichten',
  typeFilterLabel: 'Art',
  allTypes: 'Alle Arten',
  emptyUnread: 'Keine ungelesenen Benachrichtigungen',
  emptyArchived: 'Nichts archiviert',
  emptyFiltered: 'Keine Benachrichtigungen dieser Art',
  archiveAllRead: 'Gelesene archivieren',
  archiveLabel: (title, archive) => (archive ? `„${title}“ archivieren` : `„${title}“ wiederherstellen`),
  archiveHint: (archive) => (archive ? 'Archivieren' : 'In den Posteingang zurücklegen'),
  desktopAlerts: {
    unsupported: 'Desktop-Hinweise gibt es in diesem Browser nicht',
    off: 'Desktop-Hinweise',
    on: 'Desktop-Hinweise',
    denied: 'Desktop-Hinweise sind in den Website-Einstellungen des Browsers blockiert',
  },
  announceOne: (title) => `Neue Benachrichtigung: ${title}`,
  announceMany: (count) => `${count} neue Benachrichtigungen`,
  connection: {
    connecting: 'Verbinde…',
    live: 'Live',
    delayed: 'Verzögert',
    reconnecting: 'Verbinde neu…',
    offline: 'Offline',
  },
  connectionDetail: (status, pollSeconds) =>
    ({
      connecting: 'Verbindung zu livebell wird aufgebaut',
      live: 'Live: neue Benachrichtigungen erscheinen sofort',
      delayed: `Der Server beobachtet gerade keine Änderungen; die Glocke aktualisiert sich alle ${pollSeconds} Sekunden.`,
      reconnecting: 'Verbindung unterbrochen; verbinde neu. Was inzwischen gesendet wird, geht nicht verloren.',
      offline: 'Offline; Benachrichtigungen werden nachgeholt, sobald die Verbindung zurück ist.',
    })[status],
  kinds: {
    info: 'Info',
    success: 'Erfolg',
    warning: 'Warnung',
    mention: 'Erwähnung',
    comment: 'Kommentar',
    security: 'Sicherheit',
    billing: 'Abrechnung',
  },
};
