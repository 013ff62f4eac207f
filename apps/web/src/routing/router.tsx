/**
 * A few routes do not need a router library: the path picks a page, links push history, and the
 * back button (popstate) re-renders. Query strings carry prefilled values (`?email=`).
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type MouseEvent,
  type ReactNode,
} from "react";

export interface Location {
  path: string;
  query: URLSearchParams;
}

interface RouterValue {
  location: Location;
  navigate(to: string): void;
}

const RouterContext = createContext<RouterValue | null>(null);

function readLocation(): Location {
  return { path: window.location.pathname, query: new URLSearchParams(window.location.search) };
}

export function Router({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(readLocation);

  useEffect(() => {
    const onPop = () => setLocation(readLocation());
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);

  const navigate = useCallback((to: string) => {
    window.history.pushState(null, "", to);
    setLocation(readLocation());
    window.scrollTo?.(0, 0);
  }, []);

  const value = useMemo(() => ({ location, navigate }), [location, navigate]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export function useRouter(): RouterValue {
  const value = useContext(RouterContext);
  if (!value) throw new Error("useRouter() needs a <Router> above it.");
  return value;
}

/** An <a> that navigates in-app for plain left clicks and behaves normally otherwise (new tab, copy link). */
export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  const { location, navigate } = useRouter();
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  const current = location.path === to.split("?")[0];
  return (
    <a href={to} onClick={onClick} className={className} aria-current={current ? "page" : undefined}>
      {children}
    </a>
  );
}
