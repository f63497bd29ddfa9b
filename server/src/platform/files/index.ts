export { createFileStore, cleanName, type FileStore, type FileStoreDeps, type StoredContent, type Upload } from './files.service.ts';
export { LocalBlobStore, type BlobStore, type StagedBlob, type PutOptions } from './blob-store.ts';
export { classify, KINDS, DEFAULT_KINDS, REDLINE_KINDS, type FileKind } from './file-types.ts';
export { filesRoutes, contentDisposition, type FilesRouteOptions } from './files.routes.ts';
export { receiveUpload, type ReceiveUploadOptions } from './receive-upload.ts';
export { unzipCapped, listZip, readZipEntry, UNZIP_LIMITS, type UnzipLimits, type ZipEntry } from './unzip.ts';
export { S3BlobStore, blobStoreFromEnv, parseS3Url, type S3Settings } from './s3-blob-store.ts';
