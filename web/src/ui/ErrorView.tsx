import { Alert, Button, Container, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { isProblem } from '../api/client';
import { ProblemAlert } from './ProblemAlert';

/** A 403 from the API, shown as such: the server decided, the page says why. */
export function Forbidden({ detail }: { detail: string }) {
  return (
    <Container size="sm" py="xl" data-testid="forbidden">
      <Alert color="orange" variant="light" icon={<IconLock aria-hidden />} title="You don't have permission" role="alert">
        <Text>You don't have permission: {detail}</Text>
        <Text size="sm" mt="xs">
          Ask an administrator for a role that allows it.
        </Text>
      </Alert>
    </Container>
  );
}

export function NotFound({ what = 'This page' }: { what?: string }) {
  return (
    <Container size="sm" py="xl" data-testid="not-found">
      <Stack>
        <Title order={1}>Not found</Title>
        <Text>{what} does not exist, or it is not yours to see.</Text>
        <Button component={Link} to="/" variant="default" w="fit-content" data-testid="not-found-home">
          Go to Home
        </Button>
      </Stack>
    </Container>
  );
}

/**
 * What a route shows when it failed: a 403 as "no permission", a 404 as "not found", anything else
 * as the problem's own words with a way to try again. Used as every route's errorComponent.
 */
export function ErrorView({ error, reset }: { error: unknown; reset?: () => void }) {
  if (isProblem(error) && error.status === 403) return <Forbidden detail={error.detail} />;
  if (isProblem(error) && error.status === 404) return <NotFound />;
  return (
    <Container size="sm" py="xl" data-testid="error-view">
      <Stack>
        <ProblemAlert error={error} />
        {reset && (
          <Button variant="default" w="fit-content" onClick={reset} data-testid="error-retry">
            Try again
          </Button>
        )}
      </Stack>
    </Container>
  );
}

/** The last line of defence: a render error outside any route still shows a page, not a blank screen. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error('console error', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    // Outside the router: no links, only a reload.
    return (
      <Container size="sm" py="xl" data-testid="error-view">
        <Stack>
          <ProblemAlert error={this.state.error} />
          <Button variant="default" w="fit-content" onClick={() => window.location.reload()} data-testid="error-reload">
            Reload the page
          </Button>
        </Stack>
      </Container>
    );
  }
}
