import type { MouseEvent, ReactNode } from 'react';
import { navigate, pathOf, type Route } from '../route.js';

/** A link to one of the app's pages that changes page without a reload; modified clicks behave as usual. */
export function RouteLink({
  route,
  current,
  className,
  children,
}: {
  route: Route;
  current?: Route;
  className?: string;
  children: ReactNode;
}) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) return;
    event.preventDefault();
    navigate(route);
  };
  return (
    <a
      className={className}
      href={pathOf(route)}
      aria-current={current === route ? 'page' : undefined}
      onClick={onClick}
    >
      {children}
    </a>
  );
}
