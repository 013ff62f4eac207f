import * as ec2 from "aws-cdk-lib/aws-ec2";
import { Construct } from "constructs";

export interface NetworkProps {
  natGateways: number;
}

/**
 * The VPC, created in-stack (no lookups, so synth stays offline), with three tiers:
 * public (load balancer, NAT), app (EB instances and the trigger; outbound through NAT),
 * and db (isolated: no route to the internet at all).
 */
export class Network extends Construct {
  readonly vpc: ec2.Vpc;
  /** Attached to the trigger Lambda's network interfaces. */
  readonly triggerSecurityGroup: ec2.SecurityGroup;
  /** Attached to the Elastic Beanstalk instances (in addition to the one EB manages for the load balancer). */
  readonly apiSecurityGroup: ec2.SecurityGroup;
  readonly databaseSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    this.vpc = new ec2.Vpc(this, "Vpc", {
      maxAzs: 2,
      natGateways: props.natGateways,
      subnetConfiguration: [
        { name: "public", subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: "app", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
        { name: "db", subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    // Free, and keeps EB bundle downloads and log uploads off the NAT gateway's per-GB charge.
    this.vpc.addGatewayEndpoint("S3", { service: ec2.GatewayVpcEndpointAwsService.S3 });

    this.databaseSecurityGroup = new ec2.SecurityGroup(this, "DatabaseSg", {
      vpc: this.vpc,
      description: "Authhub PostgreSQL: ingress only from the trigger and the API",
      allowAllOutbound: false,
    });
    this.triggerSecurityGroup = new ec2.SecurityGroup(this, "TriggerSg", {
      vpc: this.vpc,
      description: "Authhub Pre Token Generation trigger",
      allowAllOutbound: false,
    });
    this.apiSecurityGroup = new ec2.SecurityGroup(this, "ApiSg", {
      vpc: this.vpc,
      description: "Authhub API instances (Elastic Beanstalk)",
      // EB instances talk to many AWS endpoints (EB, CloudWatch, SQS, S3) and npm; scoping them by IP is not practical.
      allowAllOutbound: true,
    });

    const postgres = ec2.Port.tcp(5432);
    for (const [peer, name] of [
      [this.triggerSecurityGroup, "trigger"],
      [this.apiSecurityGroup, "API"],
    ] as const) {
      this.databaseSecurityGroup.addIngressRule(peer, postgres, `PostgreSQL from the ${name}`);
    }
    // The trigger needs only the database and HTTPS to Secrets Manager (through NAT).
    this.triggerSecurityGroup.addEgressRule(this.databaseSecurityGroup, postgres, "PostgreSQL to the database");
    this.triggerSecurityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), "HTTPS to Secrets Manager");
  }
}
