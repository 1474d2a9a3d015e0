import { ConnectionIndicator, NotificationBell } from '@livebell/react';
import { LogOut } from 'lucide-react';
import type { Route } from '../route.js';
import { clearSession, type Session } from '../session.js';
import { Avatar } from './avatar.js';
import { Brand } from './brand.js';
import { RouteLink } from './route-link.js';

/** The top bar: brand, pages, connection state, the bell, and who is signed in. */
export function AppHeader({ session, route }: { session: Session; route: Route }) {
  return (
    <header className="app-header">
      <div className="app-header-inner">
        <RouteLink route="home" className="brand-link">
          <Brand />
        </RouteLink>
        <nav className="nav" aria-label="Main">
          <RouteLink route="home" current={route} className="nav-link">
            Overview
          </RouteLink>
          {session.role === 'admin' ? (
            <>
              <RouteLink route="admin" current={route} className="nav-link">
                Send
              </RouteLink>
              <RouteLink route="operations" current={route} className="nav-link">
                Operations
              </RouteLink>
            </>
          ) : null}
        </nav>
        <div className="header-actions">
          <ConnectionIndicator />
          <NotificationBell />
          <span className="header-divider" aria-hidden="true" />
          <span className="user">
            <Avatar userId={session.userId} />
            <span className="user-text">
              <span className="user-name">{session.userId}</span>
              <span className="user-role">{session.role === 'admin' ? 'Administrator' : 'Member'}</span>
            </span>
          </span>
          <button type="button" className="icon-button" aria-label="Sign out" title="Sign out" onClick={clearSession}>
            <LogOut size={18} aria-hidden="true" />
          </button>
        </div>
      </div>
    </header>
  );
}
