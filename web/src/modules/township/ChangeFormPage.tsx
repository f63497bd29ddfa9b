/** 用地变化: the land-use change note (township.entry.file). */
import { EntryForm } from './EntryForm.tsx';

export default function ChangeFormPage() {
  return <EntryForm kind="land_change" />;
}
