import { Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';

/** The frame of the pages used without a session: sign in, forgot password, reset password. */
export function AuthCard({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · OMS`;
  }, [title]);
  return (
    <Center component="main" mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
        <Stack gap="md">
          <Stack gap={4}>
            <Text fw={700} c="blue.8">
              OMS
            </Text>
            <Title order={1} size="h2">
              {title}
            </Title>
            {intro && <Text size="sm">{intro}</Text>}
          </Stack>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}
