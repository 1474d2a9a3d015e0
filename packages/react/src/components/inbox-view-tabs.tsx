import { inboxViewSchema, type InboxView } from '@livebell/shared';
import type { Inbox } from '../inbox-state.js';
import { useLivebellStrings } from '../livebell-settings.js';
import { KNOWN_KINDS } from '../notification-kind.js';

const VIEWS: readonly InboxView[] = inboxViewSchema.options;

/**
 * The panel's views as tabs (inbox, unread, archived) and its type filter.
 * The types offered are the ones livebell draws, plus any other type the
 * loaded list holds, plus the one chosen.
 */
export function InboxViewTabs({ inbox }: { inbox: Inbox }) {
  const strings = useLivebellStrings();
  const types = [
    ...new Set([
      ...KNOWN_KINDS.map((kind) => kind.type),
      ...inbox.items.map((item) => item.type),
      ...(inbox.type === null ? [] : [inbox.type]),
    ]),
  ];
  return (
    <div className="lb-panel-views">
      {/* One tab stop for the tab list; arrow keys move between views (the ARIA tabs pattern). */}
      <div
        className="lb-tabs"
        role="tablist"
        aria-label={strings.viewsLabel}
        onKeyDown={(event) => {
          const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
          if (step === 0) return;
          event.preventDefault();
          const next = VIEWS[(VIEWS.indexOf(inbox.view) + step + VIEWS.length) % VIEWS.length] ?? 'inbox';
          inbox.show(next, inbox.type);
          event.currentTarget.querySelector<HTMLElement>(`[data-view="${next}"]`)?.focus();
        }}
      >
        {VIEWS.map((view) => (
          <button
            key={view}
            type="button"
            role="tab"
            className="lb-tab"
            data-view={view}
            aria-selected={inbox.view === view}
            tabIndex={inbox.view === view ? 0 : -1}
            onClick={() => inbox.show(view, inbox.type)}
          >
            {strings.views[view]}
          </button>
        ))}
      </div>
      <select
        className="lb-type-filter"
        aria-label={strings.typeFilterLabel}
        value={inbox.type ?? ''}
        onChange={(event) => inbox.show(inbox.view, event.target.value === '' ? null : event.target.value)}
      >
        <option value="">{strings.allTypes}</option>
        {types.map((type) => (
          <option key={type} value={type}>
            {strings.kinds[type] ?? type}
          </option>
        ))}
      </select>
    </div>
  );
}
