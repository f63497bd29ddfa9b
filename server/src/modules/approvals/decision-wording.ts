/**
 * What a decision is called and which documents it issues, by the matter's type (事项类型):
 * a 行政许可 is granted (准予许可, 行政许可决定书 + 许可证, 行政许可法 art. 38), a 行政确认 such as
 * 土地抵押登记 is registered or confirmed (准予登记, 登记证明; 不予登记告知书, 不动产登记暂行条例
 * art. 22), and a 公共服务 or other matter is handled (予以办理, 办理结果告知书).
 */
import type { DocumentKind } from '../../platform/documents/index.ts';
import type { MatterType } from './approvals.tables.ts';

export interface DecisionWording {
  /** Which wording: the web app words the decision in the user's language from it. */
  key: 'licensing' | 'registration' | 'confirmation' | 'service';
  /** 准予许可 / 准予登记 / 予以确认 / 予以办理: the decision as the applicant reads it (SMS, pages). */
  grantedName: string;
  /** 不予许可 / 不予登记 / 不予确认 / 不予办理. */
  deniedName: string;
  /** The document of a grant: kind and title. */
  grantDocument: { kind: DocumentKind; title: string };
  /** The document of a denial: kind and title. */
  denyDocument: { kind: DocumentKind; title: string };
  /** The 许可证 of a granted 行政许可; null for other types. */
  licenceTitle: string | null;
  grantParagraph(basis: string): string;
  denyParagraph(basis: string): string;
}

/** The first provision of the matter's legal basis (《…》第…条), for the sentence 依照…. */
export function firstBasis(legalBasis: string): string {
  return legalBasis.split('；')[0]!.trim();
}

export function decisionWording(type: MatterType, matterName: string): DecisionWording {
  if (type === '行政许可') {
    return {
      key: 'licensing',
      grantedName: '准予许可', deniedName: '不予许可',
      grantDocument: { kind: 'decision', title: '准予行政许可决定书' },
      denyDocument: { kind: 'decision', title: '不予行政许可决定书' },
      licenceTitle: `${matterName}许可证`.slice(0, 100),
      grantParagraph: (basis) => `你（单位）申请的“${matterName}”，经审查，符合法定条件、标准，依照${basis}及《中华人民共和国行政许可法》第三十八条第一款的规定，决定准予行政许可。`,
      denyParagraph: () => `你（单位）申请的“${matterName}”，经审查，不符合法定条件、标准，依照《中华人民共和国行政许可法》第三十八条第二款的规定，决定不予行政许可。理由如下：`,
    };
  }
  if (type === '行政确认') {
    // A registration (登记) is the common 行政确认 of a land bureau: 不动产登记暂行条例 art. 21–22.
    const registration = matterName.includes('登记');
    const verb = registration ? '登记' : '确认';
    return {
      key: registration ? 'registration' : 'confirmation',
      grantedName: registration ? '准予登记' : '予以确认', deniedName: `不予${verb}`,
      grantDocument: { kind: 'certificate', title: `${matterName}${registration ? '证明' : '确认书'}`.slice(0, 100) },
      denyDocument: { kind: 'notice', title: `不予${verb}告知书` },
      licenceTitle: null,
      grantParagraph: (basis) => registration
        ? `你（单位）申请的“${matterName}”，经审核，申请登记事项与不动产登记簿及申请材料相符，依照${basis}的规定，准予登记，记载于不动产登记簿。`
        : `你（单位）申请的“${matterName}”，经审核，符合法定条件，依照${basis}的规定，予以确认。`,
      denyParagraph: (basis) => registration
        ? `你（单位）申请的“${matterName}”，经审核，不符合登记条件，依照${basis}及《不动产登记暂行条例》第二十二条的规定，决定不予登记。理由如下：`
        : `你（单位）申请的“${matterName}”，经审核，不符合法定条件，依照${basis}的规定，决定不予确认。理由如下：`,
    };
  }
  return {
    key: 'service',
    grantedName: '予以办理', deniedName: '不予办理',
    grantDocument: { kind: 'notice', title: '办理结果告知书' },
    denyDocument: { kind: 'notice', title: '不予办理告知书' },
    licenceTitle: null,
    grantParagraph: (basis) => `你（单位）申请的“${matterName}”，经审核，符合办理条件，依照${basis}的规定，予以办理。`,
    denyParagraph: (basis) => `你（单位）申请的“${matterName}”，经审核，不符合办理条件，依照${basis}的规定，决定不予办理。理由如下：`,
  };
}
