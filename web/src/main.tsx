import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/charts/styles.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { isProblem } from './api/client';
import { isSessionGone, sessionQuery } from './auth/session';
import { createAppRouter } from './router';
import { cssVariablesResolver, theme } from './theme';
import { ErrorBoundary } from './ui/ErrorView';

/** A session that ended (expired, signed out elsewhere) sends the page to /login, and back here after. */
function onError(error: unknown) {
  if (!isSessionGone(error)) return;
  queryClient.setQueryData(sessionQuery.queryKey, null);
  const here = `${window.location.pathname}${window.location.search}`;
  if (window.location.pathname !== '/login') void router.navigate({ to: '/login', search: here === '/' ? {} : { next: here } });
}

const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A refusal (4xx) stays a refusal; only a lost answer or a 5xx is worth one more try.
      retry: (count, error) => count < 1 && !(isProblem(error) && error.status >= 400 && error.status < 500),
      refetchOnWindowFocus: false,
    },
  },
});
const router = createAppRouter(queryClient);

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root');
createRoot(rootElement).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <Notifications position="top-right" />
      <ErrorBoundary>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </ErrorBoundary>
    </MantineProvider>
  </StrictMode>,
);
