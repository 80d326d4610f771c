export default function Home() {
  return <h1>{process.env.NEXT_PUBLIC_SHOP_NAME}</h1>;
}
