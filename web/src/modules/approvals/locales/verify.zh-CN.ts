/** Chinese strings of the document verification page (approvals.verify.*); verify.en-US.ts has the same keys. */
const verify = {
  title: '文书核验结果', notFound: '未找到该文书，核验码可能有误', status: '文书状态',
  statuses: { valid: '有效', revoked: '已撤销', superseded: '已被替代' },
  docNo: '文号', kind: '文书种类', docTitle: '标题', issuer: '出具机关', issuedAt: '出具时间', sha256: 'SHA-256 摘要', size: '文件大小', bytes: '{{count}} 字节',
  uploadTitle: '上传文件核验', uploadIntro: '上传收到的 PDF 文书，系统比对其摘要，确认与登记的文书完全一致、未被篡改。',
  choose: '选择 PDF 文件', match: '文件与登记的文书完全一致', noMatch: '未找到与该文件一致的登记文书，文件可能已被修改',
};

export default verify;
