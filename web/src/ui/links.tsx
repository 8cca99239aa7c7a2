import { Anchor, Button, NavLink, type AnchorProps, type ButtonProps, type NavLinkProps } from '@mantine/core';
import { createLink, useRouter } from '@tanstack/react-router';
import { forwardRef, type AnchorHTMLAttributes, type ReactNode } from 'react';

/**
 * Mantine's anchor, button and nav link as typed router links: `to` and `params` are checked against
 * the routes (router.tsx), and the browser still sees a real <a href> (open in a new tab works).
 */
const AnchorBase = forwardRef<HTMLAnchorElement, AnchorProps & AnchorHTMLAttributes<HTMLAnchorElement>>((props, ref) => <Anchor ref={ref} {...props} />);
const ButtonBase = forwardRef<HTMLAnchorElement, ButtonProps & AnchorHTMLAttributes<HTMLAnchorElement>>((props, ref) => <Button component="a" ref={ref} {...props} />);
const NavLinkBase = forwardRef<HTMLAnchorElement, NavLinkProps & AnchorHTMLAttributes<HTMLAnchorElement>>((props, ref) => <NavLink component="a" ref={ref} {...props} />);

export const AnchorLink = createLink(AnchorBase);
export const ButtonLink = createLink(ButtonBase);
export const NavLinkLink = createLink(NavLinkBase);

/** A path of this console (`/orders?x=1`), never another origin (`//evil.example`, `/\\evil.example`). */
export const isConsolePath = (value: unknown): value is string => typeof value === 'string' && /^\/(?![/\\])/.test(value);

/**
 * A link to a console path that arrives as data (a checklist item's `link`): navigates inside the
 * app; anything that is not a path of this origin is shown as text, never followed.
 */
export function PathLink({ path, children, testId }: { path: string; children: ReactNode; testId?: string }) {
  const router = useRouter();
  if (!isConsolePath(path)) return <>{children}</>;
  return (
    <Anchor
      href={path}
      data-testid={testId}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        router.history.push(path);
      }}
    >
      {children}
    </Anchor>
  );
}
