/**
 * The department of the active post as the server reckons it for review opinions: the last label
 * of the post's unit path under the bureau (…520304.landuse → landuse), or `bureau` for the
 * bureau itself (township land offices). Null while loading.
 */
import { useEffect, useState } from 'react';
import { api } from '../../../app/api.ts';
import { useSession } from '../../../app/session.tsx';

export function useMyDepartment(): string | null {
  const { me } = useSession();
  const post = me.posts.find((p) => p.id === me.activePostId);
  const [department, setDepartment] = useState<string | null>(null);
  useEffect(() => {
    if (!post) return;
    void api.get<{ id: number; path: string; kind: string }[]>('/api/org-units').then((units) => {
      const unit = units.find((u) => u.id === post.orgUnitId);
      setDepartment(unit && unit.kind !== 'bureau' ? unit.path.split('.').pop() ?? 'bureau' : 'bureau');
    }, () => setDepartment('bureau'));
  }, [post]);
  return department;
}
