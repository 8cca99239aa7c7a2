import { Textarea } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { isProblem } from '../../api/client';

interface OutcomeOverride {
  /** Give the mutation's error here: the policy's refusal of the outcome asks for the note from then on. */
  onRefusal: (error: unknown) => void;
  /** What to add to the close body: nothing before the refusal, the note after it; null when the note is asked for and empty (the field then says so). */
  body: () => { override_note?: string } | null;
  /** The required "Override note" field once the refusal came back; null before. */
  field: ReactNode;
  asked: boolean;
}

/**
 * Closing a return with an outcome its policy does not offer (ADR 0028): the API answers 422
 * RETURN_OUTCOME_NOT_OFFERED, and staff may close it that way anyway with an `override_note`,
 * which is recorded. The note is asked for only after that refusal; the API decides who may send it.
 */
export function useOutcomeOverride(testId: string): OutcomeOverride {
  const [asked, setAsked] = useState(false);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  return {
    asked,
    onRefusal: (error) => {
      if (isProblem(error) && error.code === 'RETURN_OUTCOME_NOT_OFFERED') setAsked(true);
    },
    body: () => {
      if (!asked) return {};
      if (!note.trim()) {
        setMissing(true);
        return null;
      }
      return { override_note: note.trim() };
    },
    field: asked ? (
      <Textarea
        label="Override note"
        description="Staff may close the return this way anyway: say why. The note is recorded on the return."
        required
        mt="sm"
        autosize
        minRows={2}
        maxLength={1000}
        value={note}
        error={missing && !note.trim() ? 'Say why the return closes with an outcome its policy does not offer' : undefined}
        onChange={(e) => {
          setNote(e.currentTarget.value);
          setMissing(false);
        }}
        data-testid={`${testId}-override-note`}
      />
    ) : null,
  };
}
