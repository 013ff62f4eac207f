import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cloudfront from "aws-cdk-lib/aws-cloudfront";
import * as origins from "aws-cdk-lib/aws-cloudfront-origins";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";

export interface WebHostingProps {
  retainData: boolean;
}

/**
 * The React build on a private S3 bucket behind CloudFront. Only CloudFront can read the bucket
 * (Origin Access Control, SigV4-signed requests); there is no public access and no website endpoint.
 */
export class WebHosting extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, "Bucket", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: false,
      // The bucket only holds build output that the pipeline can recreate, but a non-empty bucket
      // cannot be deleted by CloudFormation; see docs/deploy.md, "Teardown".
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.distribution = new cloudfront.Distribution(this, "Distribution", {
      comment: "Authhub web app",
      defaultRootObject: "index.html",
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        compress: true,
      },
      // Client-side routes (e.g. /profile) are not objects in the bucket; serve the app shell for them.
      // Without s3:ListBucket a missing key is a 403, so both codes map to index.html.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: "/index.html",
        ttl: Duration.seconds(0),
      })),
      // North America and Europe edges only: the cheapest price class.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
    });
  }

  /** https://<distribution>.cloudfront.net, without a trailing slash. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}
