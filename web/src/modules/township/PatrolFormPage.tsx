/** 巡查发现: the daily patrol form (township.entry.file). */
import { EntryForm } from './EntryForm.tsx';

export default function PatrolFormPage() {
  return <EntryForm kind="patrol" />;
}
